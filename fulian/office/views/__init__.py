"""Pages of the office app: the documents register (documents.py) and the notices (notices.py)."""
