{{/*
Helpers shared by every template. The templates loop over the enabled services returned by
"parcours.services"; nothing in a template names a particular service.
*/}}

{{- define "parcours.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release full name; each object appends "-<service>" (kept short enough for 63). */}}
{{- define "parcours.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "parcours.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "parcours.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: parcours
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
The enabled services, each merged over serviceDefaults one level deep, as JSON (include
returns text): {"catalogue": {"name": "catalogue", "grpcPort": 50051, ...}, ...}.
A key present in the service wins even when it is false or 0, which Sprig's merge would
ignore; a map present in both is merged key by key.
Usage: {{- range $name, $svc := include "parcours.services" . | fromJson }}
*/}}
{{- define "parcours.services" -}}
{{- $out := dict -}}
{{- range $name, $svc := .Values.services -}}
{{- if $svc.enabled -}}
{{- $merged := deepCopy $.Values.serviceDefaults -}}
{{- range $key, $value := $svc -}}
{{- if and (kindIs "map" $value) (kindIs "map" (get $merged $key)) -}}
{{- $section := get $merged $key -}}
{{- range $k, $v := $value -}}
{{- $_ := set $section $k $v -}}
{{- end -}}
{{- else -}}
{{- $_ := set $merged $key $value -}}
{{- end -}}
{{- end -}}
{{- $_ := set $merged "name" $name -}}
{{- $_ := set $out $name $merged -}}
{{- end -}}
{{- end -}}
{{- toJson $out -}}
{{- end -}}

{{/* Name of a service's objects. Args: (dict "root" $ "name" "catalogue") */}}
{{- define "parcours.serviceFullname" -}}
{{- printf "%s-%s" (include "parcours.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of one service's objects. Args: (dict "root" $ "name" "catalogue") */}}
{{- define "parcours.serviceLabels" -}}
{{ include "parcours.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* Pod selector of one service; stable across upgrades (selectors are immutable). */}}
{{- define "parcours.selectorLabels" -}}
app.kubernetes.io/name: {{ include "parcours.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{/* Image reference of a service. Args: (dict "root" $ "svc" $svc) */}}
{{- define "parcours.image" -}}
{{- $global := .root.Values.image -}}
{{- $own := .svc.image | default dict -}}
{{- $registry := $own.registry | default $global.registry -}}
{{- $repository := $own.repository | default $global.repository -}}
{{- $digest := $own.digest | default $global.digest -}}
{{- $tag := $own.tag | default $global.tag | default .root.Chart.AppVersion -}}
{{- $ref := ternary (printf "%s/%s" $registry $repository) $repository (ne $registry "") -}}
{{- if $digest -}}
{{- printf "%s@%s" $ref $digest -}}
{{- else -}}
{{- printf "%s:%s" $ref (toString $tag) -}}
{{- end -}}
{{- end -}}

{{- define "parcours.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "parcours.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "parcours.tlsSecretName" -}}
{{- .svc.tlsSecret | default (printf "%s-tls" (include "parcours.serviceFullname" (dict "root" .root "name" .svc.name))) -}}
{{- end -}}

{{/*
Address a caller uses for a peer: the peer's headless Service through gRPC's DNS resolver,
so a client with the round_robin policy spreads calls over every ready replica (a
ClusterIP would pin each long-lived HTTP/2 connection to one pod).
Args: (dict "root" $ "peer" $peerSvc)
*/}}
{{- define "parcours.peerAddress" -}}
{{- $host := printf "%s-headless.%s.svc.%s" (include "parcours.serviceFullname" (dict "root" .root "name" .peer.name)) .root.Release.Namespace .root.Values.clusterDomain -}}
{{- printf "dns:///%s:%d" $host (int .peer.grpcPort) -}}
{{- end -}}

{{/*
The non-secret environment of a service (its ConfigMap). Args: (dict "root" $ "svc" $svc "all" $services)
*/}}
{{- define "parcours.configData" -}}
{{- $root := .root -}}
{{- $svc := .svc -}}
{{- $v := $root.Values -}}
GRPC_ADDRESS: {{ printf "0.0.0.0:%d" (int $svc.grpcPort) | quote }}
METRICS_ADDRESS: {{ printf "0.0.0.0:%d" (int $svc.metricsPort) | quote }}
DRAIN_DELAY: {{ $v.config.drainDelay | quote }}
DRAIN_DEADLINE: {{ $v.config.drainDeadline | quote }}
MAX_MESSAGE_BYTES: {{ $v.config.maxMessageBytes | int64 | quote }}
LOG_LEVEL: {{ $v.config.logLevel | quote }}
{{- if eq $v.database.driver "sqlite" }}
DATABASE_URL: {{ printf "sqlite://%s/%s.db" $v.database.sqliteDir $svc.name | quote }}
{{- end }}
{{- range $peerName := $svc.calls }}
{{- $peer := get $.all $peerName }}
{{- if $peer }}
{{ upper $peerName }}_ADDR: {{ include "parcours.peerAddress" (dict "root" $root "peer" $peer) | quote }}
{{- end }}
{{- end }}
{{- if $v.tls.enabled }}
TLS_CERT_FILE: {{ printf "%s/tls.crt" $v.tls.mountPath | quote }}
TLS_KEY_FILE: {{ printf "%s/tls.key" $v.tls.mountPath | quote }}
HEALTH_ADDRESS: {{ printf "0.0.0.0:%d" (int $v.tls.healthPort) | quote }}
{{- if $v.tls.mutual }}
TLS_CLIENT_CA_FILE: {{ printf "%s/ca.crt" $v.tls.mountPath | quote }}
{{- end }}
{{- if $svc.calls }}
PEER_TLS_CA_FILE: {{ printf "%s/ca.crt" $v.tls.mountPath | quote }}
{{- if $v.tls.mutual }}
PEER_TLS_CERT_FILE: {{ printf "%s/tls.crt" $v.tls.mountPath | quote }}
PEER_TLS_KEY_FILE: {{ printf "%s/tls.key" $v.tls.mountPath | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- if $v.auth.tokensSecret }}
AUTH_TOKENS_FILE: {{ printf "%s/tokens/%s" $v.auth.mountPath $v.auth.tokensKey | quote }}
{{- end }}
{{- if and $v.auth.serviceTokensSecret $svc.calls }}
SERVICE_TOKEN_FILE: {{ printf "%s/service/token" $v.auth.mountPath | quote }}
{{- end }}
{{- range $key, $value := $v.config.extraEnv }}
{{ $key }}: {{ toString $value | quote }}
{{- end }}
{{- range $key, $value := $svc.env }}
{{ $key }}: {{ toString $value | quote }}
{{- end }}
{{- end -}}

{{/*
Variables read from existing Secrets: DATABASE_URL (PostgreSQL) and REDIS_URL (when
withRedis: the migration Job does not need it).
Args: (dict "root" $ "svc" $svc "withRedis" true)
*/}}
{{- define "parcours.secretEnv" -}}
{{- $v := .root.Values -}}
{{- $db := .svc.database | default dict -}}
{{- if eq $v.database.driver "postgresql" }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $db.existingSecret | default $v.database.existingSecret }}
      key: {{ $db.secretKey | default (printf "%s-url" .svc.name) }}
{{- end }}
{{- if and .withRedis $v.redis.enabled }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ $v.redis.existingSecret }}
      key: {{ $v.redis.secretKey }}
{{- end }}
{{- end -}}

{{/* Pod-level security: non-root user of the image, seccomp RuntimeDefault. */}}
{{- define "parcours.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container-level security: read-only root, no privilege escalation, no capability. */}}
{{- define "parcours.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* Fails the render on combinations that would deploy but not work. */}}
{{- define "parcours.validate" -}}
{{- range $name, $svc := include "parcours.services" . | fromJson -}}
{{- if eq $.Values.database.driver "sqlite" -}}
{{- if or (gt (int $svc.replicas) 1) $svc.autoscaling.enabled -}}
{{- fail (printf "services.%s: database.driver sqlite keeps the data in one pod; use replicas: 1 without autoscaling, or PostgreSQL" $name) -}}
{{- end -}}
{{- end -}}
{{- range $peer := $svc.calls -}}
{{- if not (hasKey $.Values.services $peer) -}}
{{- fail (printf "services.%s.calls: unknown service %q" $name $peer) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
