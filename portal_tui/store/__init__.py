"""Profiles on disk: paths, reading, comment-preserving atomic writing, and history."""
