"""Stage 5: showing results to people (terminal, Markdown, HTML) and machines (JSON)."""
