package io.github.meprop.nn;

import java.util.Objects;

/**
 * A model as {@link ModelFile#read(java.nio.file.Path)} returns it: the network and the metadata
 * saved with it (class names, feature names, standardizer, user entries).
 *
 * @param model    the network
 * @param metadata what was saved about its data ({@link ModelMetadata#EMPTY} for none)
 */
public record SavedModel(Model model, ModelMetadata metadata) {

    /** Checks that both are present. */
    public SavedModel {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(metadata, "metadata");
    }
}
