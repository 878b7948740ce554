package dev.rempart.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SortedPatchTest {
  /** Items that compare by their key only, so that two can tie and still be different. */
  record Item(int key, String from) {}

  private static final Comparator<Item> BY_KEY = Comparator.comparingInt(Item::key);

  @Test
  void removedItemsGoAndAddedOnesTakeTheirPlaceInOrder() {
    Item one = new Item(1, "a");
    Item three = new Item(3, "b");
    Item five = new Item(5, "a");
    List<Item> patched =
        SortedPatch.apply(
                List.of(one, three, five),
                List.of(three),
                List.of(new Item(4, "b"), new Item(0, "c"), new Item(9, "b")),
                BY_KEY)
            .orElseThrow();

    assertThat(patched).extracting(Item::key).containsExactly(0, 1, 4, 5, 9);
  }

  @Test
  void removalIsByIdentityNotEquality() {
    Item kept = new Item(2, "a");
    Item gone = new Item(2, "a");
    List<Item> patched =
        SortedPatch.apply(List.of(kept, gone), List.of(gone), List.of(), BY_KEY).orElseThrow();

    assertThat(patched).hasSize(1).first().isSameAs(kept);
  }

  @Test
  void anItemAmongSeveralThatTieIsRemovedByIdentity() {
    Item a = new Item(2, "a");
    Item b = new Item(2, "b");
    Item c = new Item(2, "c");
    List<Item> patched =
        SortedPatch.apply(
                List.of(new Item(1, "x"), a, b, c, new Item(3, "y")),
                List.of(c, a),
                List.of(),
                BY_KEY)
            .orElseThrow();

    assertThat(patched).containsExactly(new Item(1, "x"), b, new Item(3, "y"));
  }

  @Test
  void anAddedItemTyingWithAKeptOneIsLeftToAFullSort() {
    assertThat(
            SortedPatch.apply(
                List.of(new Item(1, "a")), List.of(), List.of(new Item(1, "b")), BY_KEY))
        .isEmpty();
  }

  @Test
  void aRemovedItemThatIsNotThereIsLeftToAFullSort() {
    assertThat(
            SortedPatch.apply(
                List.of(new Item(1, "a")), List.of(new Item(1, "a")), List.of(), BY_KEY))
        .isEmpty();
  }

  @Test
  void addedItemsThatTieKeepTheirOrderAsAStableSortWould() {
    Item first = new Item(4, "first");
    Item second = new Item(4, "second");
    List<Item> patched =
        SortedPatch.apply(List.of(new Item(1, "a")), List.of(), List.of(first, second), BY_KEY)
            .orElseThrow();

    assertThat(patched).containsExactly(new Item(1, "a"), first, second);
  }

  @Test
  void randomPatchesEqualAFullSort() {
    Random random = new Random(11);
    for (int run = 0; run < 500; run++) {
      List<Item> previous = new ArrayList<>();
      for (int i = 0; i < random.nextInt(40); i++) {
        previous.add(new Item(random.nextInt(1_000) * 2, "kept"));
      }
      previous.sort(BY_KEY);
      List<Item> removed = previous.stream().filter(i -> random.nextInt(4) == 0).toList();
      List<Item> added = new ArrayList<>();
      for (int i = 0; i < random.nextInt(6); i++) {
        added.add(new Item(random.nextInt(1_000) * 2 + 1, "added"));
      }
      List<Item> expected = new ArrayList<>(previous);
      removed.forEach(r -> expected.removeIf(i -> i == r));
      expected.addAll(added);
      expected.sort(BY_KEY);

      assertThat(SortedPatch.apply(previous, removed, added, BY_KEY)).contains(expected);
    }
  }
}
