{{/* Chart name. */}}
{{- define "credential-broker.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name (also the Service name). */}}
{{- define "credential-broker.fullname" -}}
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

{{- define "credential-broker.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "credential-broker.selectorLabels" -}}
app.kubernetes.io/name: {{ include "credential-broker.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "credential-broker.labels" -}}
helm.sh/chart: {{ include "credential-broker.chart" . }}
{{ include "credential-broker.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Pod template labels: the selector labels and podLabels, nothing that changes with the chart
     version (a label change restarts the pods). */}}
{{- define "credential-broker.podLabels" -}}
{{- $selector := include "credential-broker.selectorLabels" . | fromYaml }}
{{- range $key, $value := .Values.podLabels }}
{{- if hasKey $selector $key }}
{{- fail (printf "podLabels must not set %s: it is a selector label of the chart (app.kubernetes.io/name, app.kubernetes.io/instance)." $key) }}
{{- end }}
{{- end }}
{{- include "credential-broker.selectorLabels" . }}
{{- with .Values.podLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "credential-broker.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "credential-broker.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* true when the embedded H2 store is used (no PostgreSQL url). */}}
{{- define "credential-broker.embedded" -}}
{{- if not .Values.postgresql.url }}true{{- end }}
{{- end }}

{{/* Container (= server.port) port: 8443 with TLS, 8080 without. */}}
{{- define "credential-broker.containerPort" -}}
{{- if .Values.tls.enabled }}8443{{ else }}8080{{ end }}
{{- end }}

{{- define "credential-broker.servicePort" -}}
{{- if .Values.service.port }}{{ .Values.service.port }}{{ else }}{{ include "credential-broker.containerPort" . }}{{ end }}
{{- end }}

{{/* Name of the service/container port: https or http. */}}
{{- define "credential-broker.portName" -}}
{{- if .Values.tls.enabled }}https{{ else }}http{{ end }}
{{- end }}

{{- define "credential-broker.scheme" -}}
{{- if .Values.tls.enabled }}https{{ else }}http{{ end }}
{{- end }}

{{/* URL workloads use (CREDBROKER_PUBLIC_URL), without a trailing slash. */}}
{{- define "credential-broker.publicUrl" -}}
{{- if .Values.publicUrl }}
{{- .Values.publicUrl | trimSuffix "/" }}
{{- else }}
{{- printf "%s://%s.%s.svc:%s" (include "credential-broker.scheme" .) (include "credential-broker.fullname" .) .Release.Namespace (include "credential-broker.servicePort" .) }}
{{- end }}
{{- end }}

{{/* Port name and scheme the actuator (probes, metrics) is served on. */}}
{{- define "credential-broker.managementPortName" -}}
{{- if .Values.management.port }}management{{ else }}{{ include "credential-broker.portName" . }}{{ end }}
{{- end }}

{{- define "credential-broker.managementScheme" -}}
{{- if .Values.management.port }}HTTP{{ else }}{{ include "credential-broker.scheme" . | upper }}{{ end }}
{{- end }}

{{/* terminationGracePeriodSeconds: the value, or preStop + two shutdown phases + 5 s. */}}
{{- define "credential-broker.terminationGracePeriodSeconds" -}}
{{- $preStop := int .Values.shutdown.preStopSeconds }}
{{- $phase := int .Values.shutdown.timeoutPerPhaseSeconds }}
{{- if kindIs "invalid" .Values.terminationGracePeriodSeconds }}
{{- add $preStop (mul 2 $phase) 5 }}
{{- else if le (int .Values.terminationGracePeriodSeconds) (add $preStop $phase) }}
{{- fail (printf "terminationGracePeriodSeconds=%d must exceed shutdown.preStopSeconds (%d) + shutdown.timeoutPerPhaseSeconds (%d): the broker would be killed before in-flight requests finish. Raise it or leave it empty (derived)." (int .Values.terminationGracePeriodSeconds) $preStop $phase) }}
{{- else }}
{{- int .Values.terminationGracePeriodSeconds }}
{{- end }}
{{- end }}

{{/* Port of the STS endpoint: the one in sts.endpoint, else 443. */}}
{{- define "credential-broker.stsPort" -}}
{{- $hostPort := .Values.sts.endpoint | trimPrefix "https://" | trimPrefix "http://" | splitList "/" | first }}
{{- if regexMatch ":[0-9]+$" $hostPort }}{{ regexFind "[0-9]+$" $hostPort }}{{ else if hasPrefix "http://" .Values.sts.endpoint }}80{{ else }}443{{ end }}
{{- end }}

{{/* Comma-separated ports of the hosts in postgresql.url (default 5432). */}}
{{- define "credential-broker.postgresqlPorts" -}}
{{- $hosts := .Values.postgresql.url | trimPrefix "jdbc:postgresql://" | splitList "/" | first | splitList "," }}
{{- $ports := list }}
{{- range $hosts }}
{{- if regexMatch ":[0-9]+$" . }}
{{- $ports = append $ports (regexFind "[0-9]+$" .) }}
{{- else }}
{{- $ports = append $ports "5432" }}
{{- end }}
{{- end }}
{{- $ports | uniq | join "," }}
{{- end }}

{{/* -XX:ActiveProcessorCount: jvm.activeProcessorCount, else limits.cpu rounded up, else 2. */}}
{{- define "credential-broker.activeProcessorCount" -}}
{{- $cpu := "" }}
{{- with .Values.resources }}{{ with .limits }}{{ with .cpu }}{{ $cpu = toString . }}{{ end }}{{ end }}{{ end }}
{{- if .Values.jvm.activeProcessorCount }}
{{- int .Values.jvm.activeProcessorCount }}
{{- else if hasSuffix "m" $cpu }}
{{- max 1 (div (add (int (trimSuffix "m" $cpu)) 999) 1000) }}
{{- else if $cpu }}
{{- max 1 (int (ceil (float64 $cpu))) }}
{{- else }}2{{ end }}
{{- end }}

{{/* resources.limits.memory in MiB (Ki, Mi, Gi, K, M, G or bytes); 0 when unset. */}}
{{- define "credential-broker.memoryLimitMi" -}}
{{- $mem := "" }}
{{- with .Values.resources }}{{ with .limits }}{{ with .memory }}{{ $mem = toString . }}{{ end }}{{ end }}{{ end }}
{{- if not $mem }}0
{{- else if hasSuffix "Gi" $mem }}{{ mulf (float64 (trimSuffix "Gi" $mem)) 1024 | int }}
{{- else if hasSuffix "Mi" $mem }}{{ float64 (trimSuffix "Mi" $mem) | int }}
{{- else if hasSuffix "Ki" $mem }}{{ divf (float64 (trimSuffix "Ki" $mem)) 1024 | int }}
{{- else if hasSuffix "G" $mem }}{{ divf (mulf (float64 (trimSuffix "G" $mem)) 1000000000) 1048576 | int }}
{{- else if hasSuffix "M" $mem }}{{ divf (mulf (float64 (trimSuffix "M" $mem)) 1000000) 1048576 | int }}
{{- else if hasSuffix "K" $mem }}{{ divf (mulf (float64 (trimSuffix "K" $mem)) 1000) 1048576 | int }}
{{- else }}{{ divf (float64 $mem) 1048576 | int }}
{{- end }}
{{- end }}

{{/* Fails rendering on unsupported combinations, with an actionable message. */}}
{{- define "credential-broker.validate" -}}
{{- if not .Values.image.repository }}
{{- fail "image.repository is required: there is no public image. Build it from the repository's Dockerfile (docker build -t <registry>/credential-broker:<appVersion> .), push it, and set image.repository=<registry>/credential-broker." }}
{{- end }}
{{- if not .Values.existingSecret }}
{{- fail "existingSecret is required: create a Secret with the master key and admin token (kubectl create secret generic credential-broker --from-literal=master-key=$(openssl rand -base64 32) --from-literal=admin-token=$(openssl rand -hex 32)) and set existingSecret to its name. This chart never renders secret values." }}
{{- end }}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.postgresql.url) }}
{{- fail (printf "replicaCount=%d requires PostgreSQL: the embedded H2 store cannot be shared between replicas. Set postgresql.url (e.g. jdbc:postgresql://db:5432/credbroker) with the password in an existing Secret, or use replicaCount=1." (int .Values.replicaCount)) }}
{{- end }}
{{- if not (or .Values.tls.enabled .Values.tls.insecureLoopbackOnly) }}
{{- fail "TLS is off, so no workload could use this install: AWS SDKs refuse a plain-http credentials URL for any host but loopback. Either set tls.enabled=true and tls.existingSecret=<a kubernetes.io/tls Secret> (the supported layout: a central Service over TLS), or set tls.insecureLoopbackOnly=true to waive TLS for a loopback-only layout (kubectl port-forward, evaluation)." }}
{{- end }}
{{- if and .Values.tls.enabled (not .Values.tls.existingSecret) }}
{{- fail "tls.enabled=true requires tls.existingSecret: the name of an existing kubernetes.io/tls Secret (tls.crt, tls.key)." }}
{{- end }}
{{- if and (int .Values.admin.port) (or (eq (int .Values.admin.port) (int (include "credential-broker.containerPort" .))) (eq (int .Values.admin.port) (int .Values.management.port))) }}
{{- fail "admin.port must differ from the server port (8080, or 8443 with TLS) and from management.port; use 0 to serve the admin API on the server port." }}
{{- end }}
{{- $memMi := int (include "credential-broker.memoryLimitMi" .) }}
{{- if and $memMi (lt $memMi 400) }}
{{- fail (printf "resources.limits.memory=%v is too small: the heap takes up to half the limit and the JVM around it about 200 MB (class-data archive, metaspace, JIT code, threads), so the limit must be at least 400Mi (768Mi recommended)." .Values.resources.limits.memory) }}
{{- end }}
{{- if .Values.networkPolicy.enabled }}
{{- if empty .Values.networkPolicy.clientNamespaceLabels }}
{{- fail "networkPolicy.clientNamespaceLabels must not be empty: an empty namespaceSelector admits every namespace. Name the label of your workload namespaces, e.g. credbroker.dev/client: \"true\"." }}
{{- end }}
{{- if and .Values.management.port (empty .Values.networkPolicy.monitoringNamespaceLabels) }}
{{- fail "networkPolicy.monitoringNamespaceLabels must not be empty: an empty namespaceSelector admits every namespace to the management port." }}
{{- end }}
{{- if and .Values.serviceMonitor.enabled (not .Values.management.port) }}
{{- fail "networkPolicy with serviceMonitor needs management.port (e.g. 8081): with the actuator on the service port, admitting Prometheus would open the credentials port to the monitoring namespace." }}
{{- end }}
{{- end }}
{{- if and .Values.management.port (eq (int .Values.management.port) (int (include "credential-broker.containerPort" .))) }}
{{- fail "management.port must differ from the server port (8080, or 8443 with TLS); use 0 to serve the actuator on the server port." }}
{{- end }}
{{- end }}
