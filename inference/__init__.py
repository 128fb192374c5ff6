"""Running and reading models: model files, fact sheets, claim checks and measurements.

Importing the package sets the Hugging Face libraries offline (`inference.offline`): no
request, job or check ever reaches the network.
"""

from inference.offline import go_offline

go_offline()
