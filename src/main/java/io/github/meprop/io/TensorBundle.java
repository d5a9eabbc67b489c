package io.github.meprop.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model file holds: named tensors in order, with unique names, and string metadata
 * (key → value, in insertion order). Immutable (the tensors' data arrays are shared, see
 * {@link Tensor}).
 */
public final class TensorBundle {

    private final List<Tensor> tensors;
    private final Map<String, Tensor> byName;
    private final Map<String, String> metadata;

    /**
     * Tensors with metadata; both are copied.
     *
     * @param tensors  the tensors, in the order they are written
     * @param metadata string entries, in the order they are written
     * @throws IllegalArgumentException if two tensors share a name
     * @throws NullPointerException     if a tensor, a metadata key or a value is null
     */
    public TensorBundle(List<Tensor> tensors, Map<String, String> metadata) {
        this.tensors = List.copyOf(tensors);
        Map<String, Tensor> names = new HashMap<>();
        for (Tensor t : this.tensors) {
            if (names.put(t.name(), t) != null) {
                throw new IllegalArgumentException("duplicate tensor name " + t.name());
            }
        }
        this.byName = names;
        Map<String, String> meta = new LinkedHashMap<>();
        metadata.forEach((k, v) -> meta.put(Objects.requireNonNull(k, "metadata key"),
                Objects.requireNonNull(v, () -> "metadata value of " + k)));
        this.metadata = Collections.unmodifiableMap(meta);
    }

    /**
     * Tensors without metadata.
     *
     * @param tensors the tensors, in the order they are written
     */
    public TensorBundle(List<Tensor> tensors) {
        this(tensors, Map.of());
    }

    /**
     * The tensors.
     *
     * @return the tensors in order (unmodifiable)
     */
    public List<Tensor> tensors() {
        return tensors;
    }

    /**
     * The metadata.
     *
     * @return the entries in insertion order (unmodifiable)
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The tensor names.
     *
     * @return the names in order
     */
    public List<String> names() {
        List<String> names = new ArrayList<>(tensors.size());
        tensors.forEach(t -> names.add(t.name()));
        return names;
    }

    /**
     * The tensor called {@code name}, if there is one.
     *
     * @param name the name
     * @return the tensor, or empty
     */
    public Optional<Tensor> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The tensor called {@code name}.
     *
     * @param name the name
     * @return the tensor
     * @throws NoSuchElementException naming the tensors there are
     */
    public Tensor tensor(String name) {
        Tensor t = byName.get(name);
        if (t == null) {
            throw new NoSuchElementException("no tensor named " + name + "; the tensors are " + names());
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorBundle b && tensors.equals(b.tensors) && metadata.equals(b.metadata);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode() * 31 + metadata.hashCode();
    }

    @Override
    public String toString() {
        return "TensorBundle" + tensors + (metadata.isEmpty() ? "" : " " + metadata);
    }
}
