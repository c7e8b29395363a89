"""The desk: claimgraph's web app (`claimgraph serve`) and its static twin (`claimgraph report`).

desk.py reads what the pages show from the built graph; pages.py renders them with Jinja2 (one set of
templates for both); app.py serves them with Starlette; report.py writes them to a folder.
"""
