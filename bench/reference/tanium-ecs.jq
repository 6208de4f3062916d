# Reference row of `npm run bench` (bench/reference.ts): a Tanium Threat Response record to an
# ECS event with jq, mapping the fields the corpus has (no inference, no related.*, no
# timestamp parsing), to compare the CLI with a generic JSON tool doing comparable work.
def category: {
  file_open: ["file", "access"], file_create: ["file", "creation"], file_delete: ["file", "deletion"],
  network_connect: ["network", "start"], network_accept: ["network", "start"],
  process_start: ["process", "start"], registry_set: ["registry", "change"], dns_event: ["network", "protocol"]
}[.event] // ["host", "info"];
def basename: split("/") | last | split("\\") | last;
.fields as $f
| category as $c
| {
    message: tojson,
    event: { kind: "event", category: [$c[0]], type: [$c[1]], module: "tanium", dataset: "tanium.threat_response" },
    host: { hostname: .hostname, ip: [.host], name: .hostname },
    observer: { vendor: "Tanium", product: "XEM", type: "sensor", name: .hostname },
    ecs: { version: "9.0.0" }
  }
| if $f.remote_ip then .destination = { ip: $f.remote_ip, port: ($f.remote_port | tonumber), address: $f.remote_ip }
  | .source = { ip: $f.local_ip, port: $f.local_port, address: $f.local_ip } else . end
| if $f.process__pid then .process = { pid: $f.process__pid, executable: $f.process__file__full_path,
    name: ($f.process__file__full_path | basename), user: { name: $f.process__user__name } }
  | .user = { id: ($f.process__login__user_id | tostring) } | .group = { name: $f.process__user__group } else . end
| if $f.pid then .process = { pid: $f.pid, executable: $f.file__full_path, name: ($f.file__full_path | basename),
    command_line: $f.command_line, hash: { md5: $f.file__md5 }, start: $f.create_time,
    parent: { pid: $f.parent_pid, executable: $f.parent__file__full_path, command_line: $f.parent__command_line } }
  | .user = { name: $f.user__name } | .group = { name: $f.user__group } else . end
| if $f.full_path then .file = { path: $f.full_path, name: ($f.full_path | basename) } else . end
| if $f.key then .registry = { key: $f.key, value: $f.value_name } else . end
| if $f.query then .dns = { question: { name: $f.query }, answers: [{ data: $f.response }] } else . end
