"""Storage backends behind one protocol: the desktop's SQLite file, a district's PostgreSQL.

`open_archive(url)` picks one; see base.py for what every backend answers.
"""
