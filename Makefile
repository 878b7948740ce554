# Rempart — `make help` lists the targets.
.DEFAULT_GOAL := help
MVN := ./mvnw -B

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: tools
tools: ## Build or fetch the test tools (kube-apiserver, etcd, kubectl, kube-controller-manager, helm, promtool, versitygw) into their caches
	bash hack/control-plane-binaries.sh
	bash hack/controller-manager-binary.sh >/dev/null
	@if [ -f hack/helm-binary.sh ]; then bash hack/helm-binary.sh >/dev/null; fi
	bash hack/promtool-binary.sh >/dev/null
	bash hack/versitygw-binary.sh >/dev/null

.PHONY: test
test: tools ## Run every test: unit, golden, CRD, integration on a real API server, chart
	$(MVN) verify

.PHONY: unit
unit: tools ## Run the fast tests only (no control plane; the chart tests use helm)
	$(MVN) test

.PHONY: build
build: ## Build bin/rempart's jar without running tests
	$(MVN) -q -DskipTests package

.PHONY: format
format: ## Format the Java sources (the build fails on unformatted code)
	$(MVN) -q spotless:apply

.PHONY: crds
crds: ## Regenerate crds/ from the Java types
	bash hack/update-crds.sh

.PHONY: demo
demo: ## Run the demo: local control plane, baseline, operator, drift repaired
	bin/rempart demo
