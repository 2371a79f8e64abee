"""The Discord-free core: facts, storage, text handling, matching and answering."""
