// Every test worker declares the adapters to the model first, as the cli's main.ts does before it reads a
// model: the model checks targets[].adapter and targets[].options against them (src/model/target-kinds.ts).
import '../../src/adapters/registry.js';
