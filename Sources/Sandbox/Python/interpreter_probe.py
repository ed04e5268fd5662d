# Asks an interpreter where it really lives, for `PythonInterpreter.resolve` (which reads
# these eight fields in this order): shims such as pyenv's are followed by running it once.
import json, os, sys
print(json.dumps([sys.executable, os.path.realpath(sys.executable), sys.prefix, sys.base_prefix,
                  sys.exec_prefix, sys.base_exec_prefix, sys.version.split()[0], sys.version_info[:2] >= (3, 9)]))
