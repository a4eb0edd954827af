"""Getting articles and spans in: one validator per field (fields.py), a line or a file into
validated values without the database (parse.py, files.py), the JSON Lines import (jsonl.py)
and its bulk writes (bulk.py).

fields.py and parse.py sit below the services (corpus.services and annotations.services call
them); jsonl.py and files.py sit above (they call the services). Nothing is imported here, so
importing a low module does not pull in a high one.
"""
