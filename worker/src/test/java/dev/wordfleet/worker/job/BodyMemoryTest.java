package dev.wordfleet.worker.job;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BodyMemoryTest {

	@Test
	void capacityIsSixteenthOfHeap() {
		assertThat(BodyMemory.forMaxHeap(256L * 1024 * 1024).capacity()).isEqualTo(16 * 1024 * 1024);
		assertThat(BodyMemory.forMaxHeap(6L * 1024 * 1024 * 1024).capacity()).isEqualTo(BodyMemory.MAX_CAPACITY);
		assertThat(BodyMemory.forMaxHeap(Long.MAX_VALUE).capacity()).isEqualTo(BodyMemory.MAX_CAPACITY);
	}

	@Test
	void reservationsShareTheCapacity() {
		BodyMemory memory = new BodyMemory(1000);
		BodyMemory.Reservation first = memory.reserve();
		BodyMemory.Reservation second = memory.reserve();

		assertThat(first.tryReserve(600)).isTrue();
		assertThat(second.tryReserve(600)).isFalse();
		assertThat(second.tryReserve(400)).isTrue();
		assertThat(memory.available()).isZero();

		first.close();
		assertThat(memory.available()).isEqualTo(600);
		assertThat(second.tryReserve(600)).isTrue();
		assertThat(second.reserved()).isEqualTo(1000);
	}

	@Test
	void closeReleasesTheRestOnce() {
		BodyMemory memory = new BodyMemory(1000);
		BodyMemory.Reservation reservation = memory.reserve();
		reservation.tryReserve(700);

		reservation.release(200);
		assertThat(reservation.reserved()).isEqualTo(500);
		assertThat(memory.available()).isEqualTo(500);

		reservation.close();
		reservation.close();
		assertThat(memory.available()).isEqualTo(1000);
	}

	@Test
	void releasingMoreThanReservedIsRejected() {
		BodyMemory.Reservation reservation = new BodyMemory(1000).reserve();
		reservation.tryReserve(100);

		assertThatIllegalArgumentException().isThrownBy(() -> reservation.release(101))
			.withMessage("bytes must be 0 to 100, but was 101");
	}

	@Test
	void noCapacityReservesNothing() {
		BodyMemory.Reservation reservation = new BodyMemory(0).reserve();

		assertThat(reservation.tryReserve(1)).isFalse();
		assertThat(reservation.reserved()).isZero();
	}

	@Test
	void negativeCapacityIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new BodyMemory(-1))
			.withMessage("capacity must be 0 or more, but was -1");
	}

}
