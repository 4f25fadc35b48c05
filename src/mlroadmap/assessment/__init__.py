"""Checking what a learner knows: quizzes over the question bank and the placement test.
Imports the curriculum only; never planning, progress, export or a face.
"""
