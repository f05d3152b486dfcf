"""Files `multiplt init` writes: an example run config and the small input it reads."""
