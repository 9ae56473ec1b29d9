# Sourced by the scripts that start a second npm or Node (Node 24's npm, code-server). Started from
# `npm test` or `npm start`, they inherit the outer npm's npm_config_* variables (Node 20's user
# agent among them), which Node 24's npm would take as its own configuration; code-server's
# postinstall even reads the Node major from that user agent. Keep only how to reach the registry.
for _npm_var in $(compgen -e | grep -i '^npm_config_' | grep -viE '^npm_config_(registry|cafile|ca|proxy|https_proxy|noproxy|strict_ssl)$' || true); do
  unset "$_npm_var"
done
unset _npm_var npm_lifecycle_event npm_lifecycle_script npm_package_json npm_command npm_execpath npm_node_execpath
