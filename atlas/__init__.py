"""Frontrunners Atlas domain package: pure Python, no Streamlit."""

__version__ = "0.1.0"
