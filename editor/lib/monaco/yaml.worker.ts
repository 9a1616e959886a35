// The YAML language worker (monaco-yaml's README recipe for Vite).
import 'monaco-yaml/yaml.worker.js';
