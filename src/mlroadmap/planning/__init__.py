"""Personal plans: goals, the planner, the study calendar, plan documents, learner input.
Imports the curriculum only; never assessment, progress, export or a face.
"""
