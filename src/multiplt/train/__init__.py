"""Supervised fine-tuning on the exported dataset, and honest selection of the checkpoint.

data.py reads documents and holds part out, packing.py packs them into fixed-length
sequences, presets.py holds the reference's settings, trainer.py runs transformers'
Trainer (full fine-tuning or LoRA), select.py picks the checkpoint and prints the table.
"""
