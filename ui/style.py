"""Page-wide CSS, added once per run by app.py: readable contrast, visible focus, and on
phones touch targets of at least 44 px."""

from __future__ import annotations

PHONE_MAX_WIDTH_PX = 640
"""Streamlit stacks columns below this width; the phone rules apply there."""

PAGE_CSS = f"""<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stFileUploaderDropzoneInstructions"] * {{ color: #565964; opacity: 1; }}
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible,
[role="button"]:focus-visible, [tabindex]:focus-visible, iframe:focus-visible {{
  outline: 3px solid #1a5fb4 !important; outline-offset: 2px;
}}
@media (max-width: {PHONE_MAX_WIDTH_PX}px) {{
  .block-container, [data-testid="stMainBlockContainer"] {{
    padding-left: 0.75rem; padding-right: 0.75rem; padding-top: 3.5rem;
  }}
  [data-testid="stMain"] button, [data-testid="stSidebar"] button,
  [data-testid="stSidebarCollapsedControl"] button, [data-testid="stExpandSidebarButton"],
  [data-testid="stPageLink-NavLink"], [data-testid="stSidebarNavLink"] {{
    min-height: 44px; min-width: 44px;
  }}
  [data-baseweb="select"] > div, [data-baseweb="input"], [data-baseweb="textarea"] {{
    min-height: 44px;
  }}
}}
</style>"""
