"""The API's routers, one per part of the library."""
