#!/usr/bin/env bash
# Creates every topic of the catalogue (common-events TopicCatalogue) and its -dlt topic on the compose
# broker: single node, so replication factor 1 and min.insync.replicas 1. DeploymentFilesTests checks
# that these lines match the catalogue, so a new topic in code fails the build until it is added here.
set -euo pipefail
BOOTSTRAP="${BOOTSTRAP:-kafka:9092}"
PARTITIONS=3
REPLICATION_FACTOR=1
MIN_INSYNC_REPLICAS=1

create() {
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$1" \
    --partitions "$PARTITIONS" --replication-factor "$REPLICATION_FACTOR" \
    --config cleanup.policy=delete --config retention.ms="$2" \
    --config min.insync.replicas="$MIN_INSYNC_REPLICAS" --config unclean.leader.election.enable=false
}

create ingestion.raw.messages 604800000
create ingestion.raw.messages-dlt 2592000000
create ingestion.normalized.messages 604800000
create ingestion.normalized.messages-dlt 2592000000
create ingestion.validation.results 604800000
create ingestion.validation.results-dlt 2592000000
create processing.customer.identities 604800000
create processing.customer.identities-dlt 2592000000
create processing.tickets.in 604800000
create processing.tickets.in-dlt 2592000000
create processing.tickets.out 604800000
create processing.tickets.out-dlt 2592000000
create processing.responses.out 604800000
create processing.responses.out-dlt 2592000000
create notifications.alerts 604800000
create notifications.alerts-dlt 2592000000
create notifications.audit 7776000000
create notifications.audit-dlt 2592000000
create notifications.metrics 604800000
create notifications.metrics-dlt 2592000000

echo "catalogue topics ready"
