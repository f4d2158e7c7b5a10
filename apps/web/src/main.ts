import { createApp } from 'vue';
import App from './App.vue';
import { createAuthApi } from './api/authApi';
import { createAuth } from './composables/useAuth';
import { router } from './router';
import './styles.css';
import { inBackground } from './background';

// Undefined where the browser has no Web Locks (see AuthSessionOptions.locks).
const auth = createAuth({ api: createAuthApi(), locks: navigator.locks });
inBackground(auth.session.restore(), 'Restoring the session');

createApp(App).use(auth).use(router).mount('#app');
