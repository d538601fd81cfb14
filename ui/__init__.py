"""Streamlit-aware helpers: caching, session state, shared widgets. Pages import these."""
