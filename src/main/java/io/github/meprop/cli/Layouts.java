package io.github.meprop.cli;

import io.github.meprop.nn.Activation;
import io.github.meprop.nn.Dense;
import io.github.meprop.nn.Layer;
import io.github.meprop.nn.Model;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Short descriptions of a model's layers for the command line's tables. */
final class Layouts {
    private Layouts() {}

    /** "relu" for an MLP with ReLU hidden layers, else the layer types and activations, e.g. "lstm, dense". */
    static String describe(Model m) {
        Set<String> hidden = new LinkedHashSet<>();
        List<String> types = new ArrayList<>();
        boolean allDense = true;
        for (int l = 0; l < m.depth(); l++) {
            Layer layer = m.layer(l);
            types.add(layer.type());
            if (layer instanceof Dense d) {
                if (l < m.depth() - 1) {
                    hidden.add(d.activation().id());
                }
            } else {
                allDense = false;
            }
        }
        if (allDense) {
            return hidden.isEmpty() ? "linear" : String.join(",", hidden);
        }
        return String.join(", ", types);
    }

    /** True when every hidden layer is a dense ReLU layer followed by a dense layer (merging works). */
    static boolean reluMlp(Model m) {
        for (int l = 0; l < m.depth(); l++) {
            if (!(m.layer(l) instanceof Dense d)) {
                return false;
            }
            if (l < m.depth() - 1 && d.activation() != Activation.RELU) {
                return false;
            }
        }
        return true;
    }
}
