package io.tributary.notification.metrics;

import java.time.Instant;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/metrics/snapshots}: the newest snapshot of every live instance of
 * every service.
 */
@RestController
class MetricsController {

	private final LatestSnapshots snapshots;

	MetricsController(LatestSnapshots snapshots) {
		this.snapshots = snapshots;
	}

	@GetMapping("/api/v1/metrics/snapshots")
	List<LatestSnapshots.Snapshot> snapshots() {
		return this.snapshots.latest(Instant.now());
	}

}
