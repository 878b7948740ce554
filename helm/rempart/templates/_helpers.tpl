{{/*
Names and labels shared by every template.
*/}}

{{/* The chart name, or nameOverride. */}}
{{- define "rempart.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The full name of the release's objects: fullnameOverride, or "<release>-rempart" (the release name
alone when it already contains the chart name). Truncated to 63 characters, the DNS label limit.
*/}}
{{- define "rempart.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The chart label value: name and version. */}}
{{- define "rempart.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The labels that select the operator pods; never change them (Deployment selectors are immutable). */}}
{{- define "rempart.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rempart.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The chart's own labels. */}}
{{- define "rempart.chartLabels" -}}
helm.sh/chart: {{ include "rempart.chart" . }}
{{ include "rempart.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: rempart
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
The labels of every object of the chart: commonLabels, then the chart's own, which win on a clash
(a duplicate key would make the manifest invalid, and the selector labels must not change).
*/}}
{{- define "rempart.labels" -}}
{{- toYaml (merge (include "rempart.chartLabels" . | fromYaml) (deepCopy .Values.commonLabels)) }}
{{- end }}

{{/* The labels of the operator pods: podLabels added to the labels of every object. */}}
{{- define "rempart.podLabels" -}}
{{- toYaml (merge (include "rempart.labels" . | fromYaml) (deepCopy .Values.podLabels)) }}
{{- end }}

{{/* The ServiceAccount the operator runs as. */}}
{{- define "rempart.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "rempart.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name must name an existing ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The operator image: by digest when image.digest is set, else by tag (default: appVersion). */}}
{{- define "rempart.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
The operator's command line (`rempart operator`), in one place so that the chart follows the
operator's flags; ChartOperatorArgsTest parses it with the operator's own command-line parser.
$(POD_NAMESPACE) is expanded by the kubelet from the container's environment.
Not passed yet, because `rempart operator` has no such flag yet:
  --watch-namespaces=...  once it can watch a subset of namespaces.
*/}}
{{- define "rempart.operatorArgs" -}}
{{- if .Values.watchNamespaces }}
{{- fail "watchNamespaces is not supported by this version of the operator yet (it watches all namespaces): leave it empty" }}
{{- end }}
- operator
- --health-port={{ .Values.service.healthPort }}
- --metrics-port={{ .Values.service.metricsPort }}
- --log-level={{ .Values.logging.level }}
- --log-format={{ .Values.logging.format }}
{{- if .Values.leaderElection.enabled }}
- --leader-election-namespace=$(POD_NAMESPACE)
{{- end }}
{{- if .Values.rbac.secretsMetadata }}
- --secret-metadata
{{- end }}
- --report-format={{ .Values.reports.format }}
- --report-max-results={{ .Values.reports.maxResults }}
{{- if ne .Values.record.sink "none" }}
- --record={{ .Values.record.sink }}
- --record-head-namespace=$(POD_NAMESPACE)
- --record-anchor-interval=PT{{ int .Values.record.anchorIntervalMinutes }}M
{{- end }}
{{- if eq .Values.record.sink "s3" }}
{{- if not .Values.record.s3.bucket }}
{{- fail "record.sink=s3 needs record.s3.bucket" }}
{{- end }}
- --record-s3-bucket={{ .Values.record.s3.bucket }}
{{- with .Values.record.s3.endpoint }}
- --record-s3-endpoint={{ . }}
{{- end }}
{{- with .Values.record.s3.region }}
- --record-s3-region={{ . }}
{{- end }}
- --record-s3-prefix={{ .Values.record.s3.prefix }}
- --record-retention-days={{ int .Values.record.s3.retentionDays }}
{{- end }}
{{- end }}

{{/*
The review annotation of the chart's bindings (clause 5.4): set rbac.reviewedAt to the date you
last reviewed the operator's access, so that Rempart's own access review finds it on record.
*/}}
{{- define "rempart.reviewAnnotations" -}}
{{- if .Values.rbac.reviewedAt }}
annotations:
  rempart.dev/reviewed-at: {{ .Values.rbac.reviewedAt | quote }}
{{- end }}
{{- end }}
