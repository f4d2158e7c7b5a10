import { createApp } from 'vue';
import App from './App.vue';
import { createAuthApi } from './api/authApi';
import { createAuth } from './composables/useAuth';
import { router } from './router';
import './styles.css';

// Undefined where the browser has no Web Locks (see AuthSessionOptions.locks).
const auth = createAuth({ api: createAuthApi(), locks: navigator.locks });
void auth.session.restore();

createApp(App).use(auth).use(router).mount('#app');
