/** The example as a named module: it reads meprop's module, nothing else. */
module io.github.meprop.example {
    requires io.github.meprop;
}
