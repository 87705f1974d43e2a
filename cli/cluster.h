/*
 * Reading a live cluster, as kubectl does: the kubeconfig ($KUBECONFIG,
 * else ~/.kube/config, or --kubeconfig), its current context or
 * --context, and its credentials (bearer token, client certificate,
 * basic authentication; the cluster's CA). Lists, through the API, the
 * objects convert needs: Ingresses, IngressClasses, Services, Secrets
 * (name, type and key names only: every value is dropped as it arrives),
 * and the ConfigMaps the ingress-nginx controller reads (tcp-services,
 * udp-services, custom-headers); each List is added to the doc_set as a
 * document named "cluster:CONTEXT/RESOURCE".
 */
#ifndef ING2GW_CLI_CLUSTER_H
#define ING2GW_CLI_CLUSTER_H

#include "common.h"
#include "doc.h"

/* 0, or ERR_* after input errors in sink (input/cluster). */
int cli_cluster_read(const struct cli_cluster *c, struct doc_set *set,
	struct diag_sink *sink);

#endif
