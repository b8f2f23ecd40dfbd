// The one seeded generator: sample data in knowledge/ and the tests and benchmarks share it.
export { seededRandom } from '../../knowledge/reports/sample-events';
