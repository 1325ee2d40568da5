package org.rollaudit.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Blocking, scoring and best-match selection of the two history matchers, in plain Java on the
 * driver. The Spark side ({@link ChurnMatch}, {@link DuplicateMatch}) only reduces the rolls to the
 * few thousand records that can match; doing the rest here replaces some twenty small Spark jobs
 * (broadcasts, unions, window functions), each paying seconds of planning and scheduling, by a few
 * milliseconds of hashing. The tie-breaking rules are those the Spark windows used, so the matches,
 * scores and counts are the same.
 */
final class BlockMatch {
  private BlockMatch() {}

  /**
   * One record as the matchers compare it.
   *
   * @param id voter_id
   * @param birthYear null when unknown
   * @param last normalised last name, "" when missing
   * @param first normalised first name, "" when missing
   * @param middle normalised middle name, "" when missing
   * @param k1 first blocking key, null when the record has none
   * @param k2 second blocking key, null when the record has none
   */
  record Person(
      String id,
      Integer birthYear,
      String last,
      String first,
      String middle,
      String k1,
      String k2) {}

  /**
   * A candidate pair: indices into the left and right lists, and the name score (left first).
   *
   * @param left index into the left list
   * @param right index into the right list
   * @param score {@link Names#score} of the pair
   */
  record Pair(int left, int right, double score) {}

  /**
   * The churn blocking key: same county, same birth year and the initial of one name. Null (never
   * matches) when the county or birth year is unknown or the name is empty, as a Spark equi-join on
   * those columns never matched nulls or an empty initial. The county is length-prefixed so that no
   * two (county, year, initial) triples share a key.
   */
  static String churnKey(String county, Integer birthYear, String name) {
    if (county == null || birthYear == null || name.isEmpty()) {
      return null;
    }
    return county.length() + ":" + county + ":" + birthYear + ":" + name.charAt(0);
  }

  /** Receives candidate pairs: indices into the left and right lists and the name score. */
  interface PairSink {
    void accept(int left, int right, double score);
  }

  /**
   * Every left-right pair that shares k1 or k2 (a null key shares nothing), once per right voter
   * id, never a record with itself (same voter_id), scored, handed to {@code sink} in order of left
   * index, then of first appearance. Not kept: statewide, the duplicate rule's blocks make millions
   * of them.
   *
   * @return how many pairs {@code sink} received
   */
  static long forEachCandidate(List<Person> left, List<Person> right, PairSink sink) {
    Map<String, int[]> byK1 = index(right, Person::k1);
    Map<String, int[]> byK2 = index(right, Person::k2);
    // "Once per right voter id" without a set of strings per left record: a statewide block
    // (Soundex and an initial) can hold thousands of survivors, and hashing their ids made this
    // loop most of the duplicate rule's time. Each right record gets the number of its id's first
    // record; seenBy[n] is the last left record (plus one) that took id n.
    Numbering ids = Numbering.of(right, Person::id);
    int[] idNo = ids.no();
    int[] seenBy = new int[ids.distinct()];
    // A block holds many records of the same few names (one Soundex code, one initial), and a
    // Jaro-Winkler similarity costs microseconds: each left record scores each distinct right name
    // once (the same function of the same two strings, so the same scores), kept per name number
    // and stamped with the left record (plus one) it was computed for.
    Numbering lasts = Numbering.of(right, Person::last);
    Numbering firsts = Numbering.of(right, Person::first);
    int[] lastNo = lasts.no();
    int[] firstNo = firsts.no();
    double[] lastSim = new double[lasts.distinct()];
    double[] firstSim = new double[firsts.distinct()];
    int[] lastFor = new int[lastSim.length];
    int[] firstFor = new int[firstSim.length];
    int[] none = new int[0];
    long n = 0;
    for (int i = 0; i < left.size(); i++) {
      Person l = left.get(i);
      int stamp = i + 1;
      for (int[] js :
          new int[][] {
            l.k1() == null ? none : byK1.getOrDefault(l.k1(), none),
            l.k2() == null ? none : byK2.getOrDefault(l.k2(), none)
          }) {
        for (int j : js) {
          Person r = right.get(j);
          if (seenBy[idNo[j]] != stamp && !r.id().equals(l.id())) {
            seenBy[idNo[j]] = stamp;
            int a = lastNo[j];
            if (lastFor[a] != stamp) {
              lastFor[a] = stamp;
              lastSim[a] = Names.similarity(l.last(), r.last());
            }
            int b = firstNo[j];
            if (firstFor[b] != stamp) {
              firstFor[b] = stamp;
              firstSim[b] = Names.similarity(l.first(), r.first());
            }
            sink.accept(i, j, Names.score(lastSim[a], firstSim[b]));
            n++;
          }
        }
      }
    }
    return n;
  }

  /**
   * Per record, the number of its value's first appearance (0, 1, 2, ...).
   *
   * @param no the number of each record's value
   * @param distinct how many distinct values (the numbers are below it)
   */
  private record Numbering(int[] no, int distinct) {
    static Numbering of(List<Person> people, Function<Person, String> value) {
      int[] no = new int[people.size()];
      Map<String, Integer> seen = new HashMap<>();
      for (int j = 0; j < no.length; j++) {
        no[j] = seen.computeIfAbsent(value.apply(people.get(j)), x -> seen.size());
      }
      return new Numbering(no, seen.size());
    }
  }

  private static Map<String, int[]> index(List<Person> people, Function<Person, String> key) {
    Map<String, List<Integer>> m = new HashMap<>();
    for (int j = 0; j < people.size(); j++) {
      String k = key.apply(people.get(j));
      if (k != null) {
        m.computeIfAbsent(k, x -> new ArrayList<>()).add(j);
      }
    }
    Map<String, int[]> out = new HashMap<>();
    m.forEach((k, js) -> out.put(k, js.stream().mapToInt(Integer::intValue).toArray()));
    return out;
  }

  /**
   * Churn returns (left = new records, right = removed voters): the pairs scoring at least {@code
   * minScore} (and, when asked, with agreeing middle initials); each new record keeps its best
   * (highest score, then the smaller removed voter_id), and each removed voter keeps the best of
   * the new records that chose it (highest score, then the smaller voter_id). So no removed voter
   * returns twice.
   */
  static List<Pair> returns(
      List<Person> left,
      List<Person> right,
      List<Pair> candidates,
      double minScore,
      boolean middleMustAgree) {
    Map<Integer, Pair> perLeft = new HashMap<>();
    Comparator<Pair> byRight =
        Comparator.comparingDouble(Pair::score)
            .reversed()
            .thenComparing(p -> right.get(p.right()).id());
    for (Pair p : candidates) {
      if (p.score() < minScore
          || (middleMustAgree
              && !Names.middleAgrees(left.get(p.left()).middle(), right.get(p.right()).middle()))) {
        continue;
      }
      perLeft.merge(p.left(), p, (a, b) -> byRight.compare(a, b) <= 0 ? a : b);
    }
    Map<Integer, Pair> perRight = new HashMap<>();
    Comparator<Pair> byLeft =
        Comparator.comparingDouble(Pair::score)
            .reversed()
            .thenComparing(p -> left.get(p.left()).id());
    for (Pair p : perLeft.values()) {
      perRight.merge(p.right(), p, (a, b) -> byLeft.compare(a, b) <= 0 ? a : b);
    }
    List<Pair> out = new ArrayList<>(perRight.values());
    out.sort(Comparator.comparingInt(Pair::left));
    return out;
  }

  /**
   * Duplicate removals (left = removed records, right = surviving ones): the best survivor of each
   * removed record, or null when none is a candidate. Best: highest score, then a survivor
   * registered in the interval ({@code fresh}: a merge in the interval is normally set off by the
   * new registration, while an older namesake elsewhere in the state is another person), then the
   * same birth year (unknown on either side counts as different), then the nearest birth year
   * (unknown = 9999 apart), then the smaller survivor voter_id.
   *
   * @param fresh per right index: the record was registered after the baseline snapshot
   */
  static Pair[] bestSurvivors(List<Person> left, List<Person> right, boolean[] fresh) {
    Comparator<Pair> order =
        Comparator.comparingDouble(Pair::score)
            .reversed()
            .thenComparingInt(p -> fresh[p.right()] ? 0 : 1)
            .thenComparingInt(p -> sameYear(left.get(p.left()), right.get(p.right())) ? 0 : 1)
            .thenComparingInt(p -> gap(left.get(p.left()), right.get(p.right())))
            .thenComparing(p -> right.get(p.right()).id());
    Pair[] best = new Pair[left.size()];
    forEachCandidate(
        left,
        right,
        (i, j, score) -> {
          Pair p = new Pair(i, j, score);
          if (best[i] == null || order.compare(p, best[i]) < 0) {
            best[i] = p;
          }
        });
    return best;
  }

  private static boolean sameYear(Person a, Person b) {
    return a.birthYear() != null && a.birthYear().equals(b.birthYear());
  }

  private static int gap(Person a, Person b) {
    return a.birthYear() == null || b.birthYear() == null
        ? 9999
        : Math.abs(a.birthYear() - b.birthYear());
  }
}
