"""Collect posts and full comment trees from Reddit's OAuth API."""
