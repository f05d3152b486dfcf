  String.length string
