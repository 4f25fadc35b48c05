"""What a learner has done: the store, tracking, history and operations on a saved goal.
Imports planning, assessment and the curriculum; never export or a face.
"""
