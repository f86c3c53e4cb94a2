"""The embedding model runs from an ONNX file exported once from the packaged weights, and gives their vectors.

The export is checked against the packaged weights run by transformers itself (the reference), on the seed
guides' own chunks.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.index.embeddings import MiniLMEmbeddings
from assistant.index.model_file import ModelCacheError, model_weights_dir
from assistant.ingest.chunk import chunk_guide
from assistant.ingest.parse import parse_guide_text
from tests.conftest import SEEDS, TODAY


@pytest.fixture(scope="module")
def chunk_texts() -> list[str]:
    texts: list[str] = []
    for path in sorted(SEEDS.rglob("*.md")):
        guide = parse_guide_text(path.read_text(encoding="utf-8"), path.stem, today=TODAY)
        texts.extend(chunk.embedding_text() for chunk in chunk_guide(guide))
    assert len(texts) > 20
    return texts


@pytest.fixture(scope="module")
def own_cache(tmp_path_factory: pytest.TempPathFactory) -> MiniLMEmbeddings:
    """A model whose file this module exports itself, in a cache folder of its own."""
    return MiniLMEmbeddings(cache_dir=tmp_path_factory.mktemp("models"), threads=1)


def _reference_vectors(texts: list[str], max_tokens: int) -> np.ndarray:
    """The packaged weights run by transformers on torch, mean-pooled and normalised: what the model means."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_weights_dir()))
    model = AutoModel.from_pretrained(str(model_weights_dir())).eval()
    batch = tokenizer([t.strip() for t in texts], padding=True, truncation=True, max_length=max_tokens,
                      return_tensors="pt")  # fmt: skip
    with torch.no_grad():
        tokens = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    means = (tokens * mask).sum(1) / mask.sum(1)
    return torch.nn.functional.normalize(means, dim=1).numpy()


def test_the_export_gives_the_packaged_models_vectors(own_cache: MiniLMEmbeddings, chunk_texts: list[str]) -> None:
    sample = chunk_texts[::3]
    exported = np.array(own_cache.embed_documents(sample))
    reference = _reference_vectors(sample, own_cache.max_tokens)
    assert exported.shape == (len(sample), 384)
    assert (exported * reference).sum(axis=1).min() > 0.9999


def test_the_model_file_is_exported_once_and_reused(own_cache: MiniLMEmbeddings) -> None:
    own_cache.load()
    (made,) = own_cache.cache_dir.glob("*.onnx")
    before = made.stat()
    again = MiniLMEmbeddings(cache_dir=own_cache.cache_dir, threads=1)
    assert again.embed_query("base salary in London") == pytest.approx(own_cache.embed_query("base salary in London"))
    after = made.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert list(own_cache.cache_dir.glob(".export-*")) == []  # the export's work folder is gone


def test_a_cache_folder_that_cannot_be_made_is_one_sentence_naming_the_setting(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ModelCacheError) as raised:
        MiniLMEmbeddings(cache_dir=blocker / "models").load()
    message = str(raised.value)
    assert "ASSISTANT_MODEL_CACHE_DIR" in message and message.count(". ") == 0 and "\n" not in message


def test_batches_give_the_vectors_of_single_texts(embeddings: MiniLMEmbeddings, chunk_texts: list[str]) -> None:
    """A text's vector doesn't depend on its batch: padding is left out by the mask, and no scale is taken from the
    batch (as int8 quantization would), so an incremental ingest gives the vectors of a rebuild. Batches of two
    over texts of mixed lengths also check that length-sorted batches come back in the order asked."""
    mixed = [chunk_texts[0], "London", chunk_texts[1], "base salary", chunk_texts[2][:80]]
    small_batches = MiniLMEmbeddings(batch_size=2, cache_dir=embeddings.cache_dir, threads=1)
    together = small_batches.embed_documents(mixed)
    for text, vector in zip(mixed, together, strict=True):
        assert np.dot(vector, embeddings.embed_documents([text])[0]) > 0.99999


def test_a_process_embeds_a_text_once_and_forgets_the_least_recent_first(
    embeddings: MiniLMEmbeddings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm server asked about a guide again embeds none of its sentences a second time; what it keeps is
    bounded (REMEMBERED_TEXTS), the least recently used text going first."""
    monkeypatch.setattr("assistant.index.embeddings.REMEMBERED_TEXTS", 3)
    model = MiniLMEmbeddings(cache_dir=embeddings.cache_dir, threads=1)
    embedded: list[str] = []
    real_embed = model.embed_documents

    def counting(texts: list[str]) -> list[list[float]]:
        embedded.extend(texts)
        return real_embed(texts)

    monkeypatch.setattr(model, "embed_documents", counting)
    sentences = ["Ask for the top of the band.", "Name a competing offer.", "Ask for the top of the band."]
    first = model.remembered_vectors(sentences)
    assert embedded == sentences[:2]  # each text once, repeats included
    assert np.array_equal(first[0], first[2]) and np.dot(first[0], real_embed([sentences[0]])[0]) > 0.99999
    assert np.array_equal(model.remembered_vectors(sentences[:2]), first[:2]) and len(embedded) == 2
    model.embed_query("What should I ask for?")  # the third text remembered, then a fourth evicts the oldest
    model.remembered_vectors(["Ask for the top of the band.", "Walk away below the band."])
    model.remembered_vectors(["Name a competing offer."])  # the least recently used one: embedded again
    assert embedded[2:] == ["What should I ask for?", "Walk away below the band.", "Name a competing offer."]


def test_as_langchain_it_is_langchain_embeddings_with_the_same_vectors(embeddings: MiniLMEmbeddings) -> None:
    from langchain_core.embeddings import Embeddings
    from langchain_core.vectorstores import InMemoryVectorStore

    adapted = embeddings.as_langchain()
    assert isinstance(adapted, Embeddings)
    texts = ["London base salary is £195K - £275K.", "Relocation support is negotiable."]
    assert np.allclose(adapted.embed_documents(texts), embeddings.embed_documents(texts))
    store = InMemoryVectorStore.from_texts(texts, embedding=adapted)  # a LangChain vector store, as a user's would be
    [best] = store.similarity_search("how much is the base pay in London", k=1)
    assert best.page_content == texts[0]
