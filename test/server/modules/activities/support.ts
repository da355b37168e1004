export { api, assertError, details } from '../../../helpers/api';
