package io.tributary.benchmarks;

import java.util.Map;
import java.util.TreeMap;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.VirtualMachine;

/**
 * Prints how many requests of each kind a broker on this machine has served so far, and
 * how many records it has appended to its logs, as {@code name=count} words, read from
 * the broker's own metrics over JMX (the JVM is attached to by its pid, so the broker
 * needs no JMX port). Two readings around a load step give the requests per message, and
 * with {@code EndTxn} the transactions per message: what the broker's CPU per message
 * follows (docs/BENCHMARKS.md).
 *
 * <pre>
 * BrokerRequests &lt;broker JVM pid&gt;
 * </pre>
 */
public final class BrokerRequests {

	private BrokerRequests() {
	}

	public static void main(String[] args) throws Exception {
		VirtualMachine vm = VirtualMachine.attach(args[0]);
		String address;
		try {
			address = vm.startLocalManagementAgent();
		}
		finally {
			vm.detach();
		}
		try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
			StringBuilder line = new StringBuilder();
			counts(connector.getMBeanServerConnection())
				.forEach((name, count) -> line.append(name).append('=').append(count).append(' '));
			System.out.println(line.toString().strip());
		}
	}

	private static Map<String, Long> counts(MBeanServerConnection broker) throws Exception {
		Map<String, Long> counts = new TreeMap<>();
		// One bean per request kind and API version: summed per kind. FetchConsumer and
		// FetchFollower count again what Fetch counts: left out, so the words add up.
		for (ObjectName requests : broker
			.queryNames(new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
			String kind = requests.getKeyProperty("request");
			if (!kind.equals("FetchConsumer") && !kind.equals("FetchFollower")) {
				counts.merge(kind, count(broker, requests), Long::sum);
			}
		}
		// The bean without a topic key counts every topic, the internal ones (offsets,
		// transaction state, markers) included.
		counts.put("records",
				count(broker, new ObjectName("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec")));
		return counts;
	}

	private static long count(MBeanServerConnection broker, ObjectName meter) throws Exception {
		return ((Number) broker.getAttribute(meter, "Count")).longValue();
	}

}
