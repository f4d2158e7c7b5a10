import { createRouter, createWebHistory } from 'vue-router';
import AccountView from './views/AccountView.vue';
import AdminView from './views/AdminView.vue';
import ChatView from './views/ChatView.vue';
import RoomsView from './views/RoomsView.vue';
import SearchView from './views/SearchView.vue';
import SignInView from './views/SignInView.vue';
import SignUpView from './views/SignUpView.vue';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'rooms', component: RoomsView },
    { path: '/chat/:room', name: 'chat', component: ChatView },
    { path: '/search', name: 'search', component: SearchView },
    { path: '/signin', name: 'signin', component: SignInView },
    { path: '/signup', name: 'signup', component: SignUpView },
    { path: '/account', name: 'account', component: AccountView },
    { path: '/admin', name: 'admin', component: AdminView },
    { path: '/:unknown(.*)*', redirect: '/' },
  ],
});
