#include "compat.h"
#include "cluster.h"

int
cli_cluster_read(const struct cli_cluster *c, struct doc_set *set,
	struct diag_sink *sink)
{
	(void)c;
	(void)set;
	diag_input_error(sink, "input/cluster", (struct src_pos){ 0 },
		"reading a cluster is not available yet");
	return ERR_IO;
}
