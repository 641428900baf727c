"""Collect videos, comment threads and replies from the YouTube Data API v3."""
