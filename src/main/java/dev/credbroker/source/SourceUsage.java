package dev.credbroker.source;

import java.util.List;

/** Tells which workloads draw on a source, so that a source in use is not deleted. Implemented by workloads. */
public interface SourceUsage {

	List<String> workloadsUsing(String sourceName);

}
