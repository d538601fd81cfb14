"""URL query parameters as pages use them: checked by atlas.url_params first; a bad value
is reported in a warning on the page and treated as absent."""

from __future__ import annotations

import streamlit as st

from atlas.url_params import ParamError, parse_param
from ui.i18n import say
from ui.text import md


def url_param(name: str) -> object | None:
    """The checked value of URL parameter `name`, or None when it is absent or refused."""
    text = st.query_params.get(name)
    return None if text is None else _checked(name, text)


def url_param_list(name: str) -> list:
    """The checked values of a repeatable URL parameter, refused ones left out."""
    values = (_checked(name, text) for text in st.query_params.get_all(name))
    return [value for value in values if value is not None]


def _checked(name: str, text: str) -> object | None:
    try:
        return parse_param(name, text)
    except ParamError as error:
        st.warning(md(say(error)), icon=":material/link_off:")
        return None
