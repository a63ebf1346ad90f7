"""The CS console: a small Streamlit app over the current BI publication (`make console`).

app.py is the entry point (navigation), views/ holds one page each, data.py the queries.
"""
