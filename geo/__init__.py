"""Geography of the atlas: gazetteer, distances, boundaries, folium maps. No Streamlit."""
