"""The curriculum made usable: model, loading, validation, graph, search, views, fit, cache.
Imports nothing of mlroadmap but itself: every other package builds on this one.
"""
