#!/usr/bin/env python3
"""Writes a corpus of Kubernetes manifests for the offline-audit benchmark.

The corpus looks like a GitOps repository of many teams: one folder per team, one multi-document
file per application (Deployment or StatefulSet, Service, Ingress, PersistentVolumeClaim,
ServiceAccount, Role and RoleBinding, NetworkPolicies, ConfigMap), a Namespace file per team, and
a few helm-template-style files with comments and empty documents. Deterministic for a given seed.

    python3 bench/audit/generate.py --count 10000 --out /tmp/corpus
"""
import argparse
import os
import random

APP_KINDS_PER_APP = 10  # upper bound of the documents one application writes


def namespace(team, governed):
    labels = {"team": team}
    if governed:
        labels["rempart.dev/governed"] = "true"
    return doc("v1", "Namespace", team, None, labels=labels)


def doc(api, kind, name, ns, labels=None, body=""):
    meta = [f"  name: {name}"]
    if ns:
        meta.append(f"  namespace: {ns}")
    if labels:
        meta.append("  labels:")
        meta.extend(f"    {k}: \"{v}\"" for k, v in sorted(labels.items()))
    return f"apiVersion: {api}\nkind: {kind}\nmetadata:\n" + "\n".join(meta) + "\n" + body


def workload(kind, app, ns, rnd):
    replicas = rnd.choice([1, 2, 3, 5])
    image = f"registry.example.com/{ns}/{app}:{rnd.randint(1, 40)}.{rnd.randint(0, 9)}.{rnd.randint(0, 20)}"
    extra = f"  serviceName: {app}\n" if kind == "StatefulSet" else ""
    body = f"""spec:
  replicas: {replicas}
{extra}  selector:
    matchLabels: {{app: {app}}}
  template:
    metadata:
      labels: {{app: {app}, team: {ns}}}
    spec:
      serviceAccountName: {app}
      securityContext: {{runAsNonRoot: true, seccompProfile: {{type: RuntimeDefault}}}}
      containers:
      - name: {app}
        image: {image}
        ports: [{{containerPort: 8080, name: http}}]
        resources:
          requests: {{cpu: 100m, memory: 128Mi}}
          limits: {{cpu: 500m, memory: 256Mi}}
        securityContext: {{allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {{drop: [ALL]}}}}
        readinessProbe: {{httpGet: {{path: /ready, port: http}}}}
        livenessProbe: {{httpGet: {{path: /live, port: http}}}}
        env:
        - {{name: LOG_LEVEL, value: info}}
        - {{name: CONFIG, valueFrom: {{configMapKeyRef: {{name: {app}, key: config}}}}}}
"""
    return doc("apps/v1", kind, app, ns, {"app": app}, body)


def application(app, ns, rnd):
    docs = [workload(rnd.choice(["Deployment"] * 4 + ["StatefulSet"]), app, ns, rnd)]
    docs.append(doc("v1", "Service", app, ns, {"app": app},
                    f"spec:\n  selector: {{app: {app}}}\n  ports: [{{port: 80, targetPort: http}}]\n"))
    docs.append(doc("v1", "ServiceAccount", app, ns, {"app": app}, "automountServiceAccountToken: false\n"))
    docs.append(doc("v1", "ConfigMap", app, ns, {"app": app}, "data:\n  config: |\n    level=info\n    port=8080\n"))
    if rnd.random() < 0.6:
        docs.append(doc("networking.k8s.io/v1", "Ingress", app, ns, {"app": app}, f"""spec:
  ingressClassName: nginx
  tls: [{{hosts: [{app}.{ns}.example.com], secretName: {app}-tls}}]
  rules:
  - host: {app}.{ns}.example.com
    http:
      paths:
      - {{path: /, pathType: Prefix, backend: {{service: {{name: {app}, port: {{number: 80}}}}}}}}
"""))
    if rnd.random() < 0.4:
        docs.append(doc("v1", "PersistentVolumeClaim", f"{app}-data", ns, {"app": app}, """spec:
  accessModes: [ReadWriteOnce]
  storageClassName: encrypted-ssd
  resources: {requests: {storage: 10Gi}}
"""))
    docs.append(doc("rbac.authorization.k8s.io/v1", "Role", app, ns, {"app": app}, """rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list, watch]
"""))
    docs.append(doc("rbac.authorization.k8s.io/v1", "RoleBinding", app, ns, {"app": app}, f"""roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: Role, name: {app}}}
subjects: [{{kind: ServiceAccount, name: {app}, namespace: {ns}}}]
"""))
    docs.append(doc("networking.k8s.io/v1", "NetworkPolicy", f"{app}-ingress", ns, {"app": app}, f"""spec:
  podSelector: {{matchLabels: {{app: {app}}}}}
  policyTypes: [Ingress]
  ingress:
  - from: [{{namespaceSelector: {{matchLabels: {{kubernetes.io/metadata.name: ingress-nginx}}}}}}]
    ports: [{{port: 8080, protocol: TCP}}]
"""))
    if rnd.random() < 0.05:
        # A team that opened everything "for now": an allow-all policy Rempart reports.
        docs.append(doc("networking.k8s.io/v1", "NetworkPolicy", f"{app}-allow-all", ns, {"app": app},
                        "spec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: [{}]\n"))
    return docs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000, help="manifests to write (default 10000)")
    parser.add_argument("--out", required=True, help="folder to write the corpus into")
    parser.add_argument("--seed", type=int, default=4404)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    written = 0
    files = 0
    team_index = 0
    while written < args.count:
        team = f"team-{team_index:03d}"
        team_index += 1
        folder = os.path.join(args.out, team)
        os.makedirs(folder, exist_ok=True)
        # Most teams are governed and most of those have their default deny; some are not.
        ns_docs = [namespace(team, governed=rnd.random() < 0.8)]
        if rnd.random() < 0.7:
            ns_docs.append(doc("networking.k8s.io/v1", "NetworkPolicy", "default-deny", team, None,
                               "spec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n"))
        with open(os.path.join(folder, "namespace.yaml"), "w") as f:
            f.write("---\n".join(ns_docs))
        written += len(ns_docs)
        files += 1
        for a in range(rnd.randint(3, 12)):
            if written >= args.count:
                break
            app = f"app-{a:02d}"
            docs = application(app, team, rnd)[: args.count - written]
            helm_style = rnd.random() < 0.2
            with open(os.path.join(folder, f"{app}.yaml"), "w") as f:
                if helm_style:
                    # The shape of `helm template` output: comments and empty documents.
                    f.write("---\n# Source: " + app + "/templates/all.yaml\n---\n")
                    f.write("".join(f"---\n# Source: {app}/templates/{i}.yaml\n{d}" for i, d in enumerate(docs)))
                else:
                    f.write("---\n".join(docs))
            written += len(docs)
            files += 1
    print(f"wrote {written} manifests in {files} files under {args.out}")


if __name__ == "__main__":
    main()
