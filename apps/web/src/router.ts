import { createRouter, createWebHistory } from 'vue-router';
import ChatView from './views/ChatView.vue';
import RoomsView from './views/RoomsView.vue';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'rooms', component: RoomsView },
    { path: '/chat/:room', name: 'chat', component: ChatView },
    { path: '/:unknown(.*)*', redirect: '/' },
  ],
});
