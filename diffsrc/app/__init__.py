"""The application layer: the command line, the CI check, writing outputs, configuration."""
