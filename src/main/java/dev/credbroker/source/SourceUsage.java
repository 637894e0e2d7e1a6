package dev.credbroker.source;

import java.util.List;

/**
 * Tells which workloads draw on a source, so that a source in use is not deleted.
 * Implemented by workloads.
 */
public interface SourceUsage {

	List<String> workloadsUsing(String sourceName);

	/**
	 * What would break if the source became {@code candidate}: one line per workload
	 * whose recipe the new source cannot serve (a federation-token recipe on a source
	 * that gained an MFA serial, say). Empty when all fit.
	 */
	List<String> recipesBrokenBy(Source candidate);

}
